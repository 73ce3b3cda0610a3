import { join } from 'node:path';
import ts from 'typescript';

/** Every name a consumer can import, with whether its declaration's JSDoc has an @example. */
function exportedDocs(entry: string): { name: string; hasExample: boolean }[] {
  const file = join(__dirname, '..', '..', 'src', entry);
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error(`cannot read ${file}`);
  return checker.getExportsOfModule(moduleSymbol).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const hasExample = (target.declarations ?? []).some((declaration) =>
      ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'example'),
    );
    return { name: symbol.name, hasExample };
  });
}

describe('documentation', () => {
  it.each(['index.ts', 'testing/index.ts'])('every export of %s has JSDoc with an @example', (entry) => {
    const exports = exportedDocs(entry);
    expect(exports.length).toBeGreaterThan(10);
    expect(exports.filter((item) => !item.hasExample).map((item) => item.name)).toEqual([]);
  });
});
