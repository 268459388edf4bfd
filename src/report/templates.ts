import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { EvalgateError } from '../core/errors.ts';

/** The shipped templates: `reports/report.hbs` and `reports/partials/*.hbs`. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../reports/', import.meta.url));

export type ReportTemplate = (context: unknown) => string;

/** Partials compile with the page's options; knownHelpersOnly makes every mustache a plain lookup (fast rows). */
const COMPILE = {
  strict: false,
  noEscape: false,
  knownHelpers: { eq: true, passClass: true },
  knownHelpersOnly: true,
} as const;

/**
 * Compiles `report.hbs` (or `mainFile`, e.g. `load.hbs`) in a private Handlebars environment (never the global one), with every
 * `partials/<name>.hbs` registered as partial `<name>`. Output is HTML-escaped by `{{ }}`; templates use no
 * triple-stash. Helpers: `eq a b`, `passClass pass` (`pass` / `fail` / `na`).
 */
export async function loadReportTemplate(
  dir: string = DEFAULT_TEMPLATES_DIR,
  mainFile = 'report.hbs',
): Promise<ReportTemplate> {
  const hb = Handlebars.create();
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('passClass', (p: unknown) => (p === true ? 'pass' : p === false ? 'fail' : 'na'));
  const main = join(dir, mainFile);
  let source: string;
  try {
    source = await readFile(main, 'utf8');
    const partialsDir = join(dir, 'partials');
    for (const f of (await readdir(partialsDir)).filter((n) => n.endsWith('.hbs')).sort()) {
      hb.registerPartial(
        basename(f, '.hbs'),
        hb.compile(await readFile(join(partialsDir, f), 'utf8'), COMPILE),
      );
    }
  } catch (err) {
    throw new EvalgateError('USAGE', `cannot read report templates: ${(err as Error).message}`, dir);
  }
  const template = hb.compile(source, COMPILE);
  return (context: unknown) => {
    try {
      return template(context, { allowProtoPropertiesByDefault: false });
    } catch (err) {
      throw new EvalgateError('USAGE', `report template failed: ${(err as Error).message}`, main);
    }
  };
}

/** Marks generated markup (the SVG chart) as safe for `{{ }}` in the private environment's templates. */
export function trustedMarkup(html: string): unknown {
  return new Handlebars.SafeString(html);
}
