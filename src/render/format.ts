/** How numbers read on pages and in reports: one place, so the site, the reports and the trace agree. */

export function money(amount: number, currency: string): string {
  return `${amount.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
}

/** A percentage with as many decimals as it needs (99.95 %, 99.9 %, 100 %), at most `max`. */
export function percent(value: number, max = 3): string {
  return `${Number(value.toFixed(max))} %`;
}

export function duration(minutes: number): string {
  if (minutes < 1) return `${Number(minutes.toFixed(2))} min`;
  if (minutes < 60) return `${Number(minutes.toFixed(1))} min`;
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes - h * 60);
  if (h < 48) return m ? `${h} h ${m} min` : `${h} h`;
  return `${Number((minutes / 1440).toFixed(1))} days`;
}

export function units(value: number, unit: string): string {
  return `${Number(value.toFixed(2))} ${unit}`;
}

/**
 * An achieved availability, cut (not rounded) to four decimals: 99.99987 reads 99.9998 %, never 100 %, so
 * a report does not claim more than was measured.
 */
export function achieved(value: number): string {
  return `${Math.floor(value * 1e4 + 1e-6) / 1e4} %`;
}
