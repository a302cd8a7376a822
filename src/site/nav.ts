/** The site's navigation, the same on every page. */
export const NAV = [
  { href: 'index.html#services', label: 'Services' },
  { href: 'index.html#agreements', label: 'Agreements' },
  { href: 'provider.html', label: 'Context and plan' },
  { href: 'improvements.html', label: 'Improvements' },
] as const;
