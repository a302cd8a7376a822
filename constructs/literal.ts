/**
 * Makes a string from YAML reach Terraform as literal text. Terraform reads `${...}` and `%{...}` inside JSON
 * strings as interpolation and template directives; doubling the sigil (`$${`, `%%{`) is its escape.
 * Every free-text value that comes from the catalogue passes through here before it enters a construct.
 */
export function literal(text: string): string {
  // Replacement functions, not strings: in a replacement string `$$` itself means one `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
