/**
 * Untrusted text (candidate answers, contexts, questions, references) goes into a judge prompt only inside
 * tagged sections such as `<answer>…</answer>`. Before it is placed there, `&`, `<` and `>` are escaped as
 * `&amp;`, `&lt;`, `&gt;`, so the text can neither close its own section nor open a new one: whatever it says,
 * it stays data. The judge prompt tells the model that sections hold escaped data, never instructions.
 */

/** Escape `&`, `<`, `>` so the text cannot contain a tag. */
export function neutralise(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Undo `neutralise` (for readers of a rendered prompt, and the local judge). */
export function restore(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A whole section: `<tag>` newline, the neutralised text, newline, `</tag>`. */
export function section(tag: string, text: string): string {
  return `<${tag}>\n${neutralise(text)}\n</${tag}>`;
}

/** Text of a context value: a string, an array of strings, or an array of `{text}`/`{content}` objects. */
export function contextChunks(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : [value];
  if (!Array.isArray(value)) return [JSON.stringify(value)];
  const chunks = value
    .map((item) => {
      if (typeof item === 'string') return item;
      if (item !== null && typeof item === 'object') {
        const o = item as Record<string, unknown>;
        const text = o.text ?? o.content;
        if (typeof text === 'string') return text;
      }
      return JSON.stringify(item);
    })
    .filter((t) => t.trim() !== '');
  return chunks.length > 0 ? chunks : undefined;
}

/** Context chunks: an array stays as its items; one string is split into paragraphs (at blank lines). */
export function splitChunks(value: unknown): string[] | undefined {
  const chunks = contextChunks(value);
  if (chunks === undefined || typeof value !== 'string') return chunks;
  const paragraphs = value
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return paragraphs.length > 0 ? paragraphs : chunks;
}
