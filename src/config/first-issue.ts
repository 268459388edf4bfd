import { EvalgateError } from '../core/errors.ts';
import { formatPath, type SuiteIssue } from './issues.ts';
import type { YamlSource } from './yaml-source.ts';

/**
 * Throws the issue that comes first in the document (by line, then column, then the order found) as one
 * `file:line:col: path: message` error. Suites and load profiles report their problems this way.
 */
export function throwFirstIssue(src: YamlSource, issues: readonly SuiteIssue[]): never {
  const located = issues.map((issue, order) => {
    const pos = src.locate(issue.path, issue.at);
    const [line = 0, col = 0] = pos.split(':').map(Number);
    return { issue, pos, line, col, order };
  });
  located.sort((a, b) => a.line - b.line || a.col - b.col || a.order - b.order);
  const first = located[0]!;
  const shown = first.issue.display ?? first.issue.path;
  const message = shown.length === 0 ? first.issue.message : `${formatPath(shown)}: ${first.issue.message}`;
  throw new EvalgateError(first.issue.code, message, `${src.displayFile}:${first.pos}`);
}
