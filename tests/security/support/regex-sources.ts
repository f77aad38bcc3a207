/**
 * Every regular expression written in the app's own sources: regex literals and
 * `new RegExp('…')` / `RegExp('…')` with a literal pattern, found with TypeScript's
 * parser (not a regex over the code, which would miss or invent patterns).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface FoundRegex {
  file: string;
  line: number;
  source: string;
  flags: string;
  /** A `new RegExp(…)` whose pattern is not a literal: cannot be checked statically. */
  dynamic?: boolean;
}

const SOURCE_DIRS = ['lib', 'app', 'components', 'scripts'];
const EXTENSIONS = /\.(?:ts|tsx|mts|cts|js|mjs|cjs)$/;
// Generated Prisma clients and build output are not ours to check.
const SKIP_DIRS = new Set(['node_modules', 'generated', '.next']);

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : listSources(full);
    return EXTENSIONS.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function literalText(node: ts.Expression | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

function regexesIn(file: string, root: string): FoundRegex[] {
  const text = readFileSync(file, 'utf8');
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const rel = path.relative(root, file);
  const found: FoundRegex[] = [];
  const at = (node: ts.Node) => sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText();
      const end = literal.lastIndexOf('/');
      found.push({ file: rel, line: at(node), source: literal.slice(1, end), flags: literal.slice(end + 1) });
    } else if (
      (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'RegExp'
    ) {
      const [pattern, flags] = node.arguments ?? [];
      const source = literalText(pattern);
      if (source === undefined) found.push({ file: rel, line: at(node), source: pattern?.getText() ?? '', flags: '', dynamic: true });
      else found.push({ file: rel, line: at(node), source, flags: literalText(flags) ?? '' });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** Every regex in lib/, app/, components/ and scripts/ under `root`. */
export function findRegexes(root: string): FoundRegex[] {
  return SOURCE_DIRS.flatMap((dir) => listSources(path.join(root, dir))).flatMap((file) => regexesIn(file, root));
}
