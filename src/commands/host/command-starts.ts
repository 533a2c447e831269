/**
 * Where each simple command of a line starts (the host shell's redaction rule, ./program.ts): on
 * the console's double-quote tokens, without the grammar (./syntax.ts), which loads on first use.
 */
export function commandStarts(tokens: readonly string[]): number[] {
  const starts: number[] = [];
  let expect = true;
  let forHeader = false;
  tokens.forEach((t, i) => {
    if (expect) {
      if (t === 'for') forHeader = true;
      else if (!['do', 'then', 'else', '!', '{', '(', ';', '|', '&&', '||'].includes(t)) {
        if (!forHeader) starts.push(i);
        expect = false;
      }
    }
    if (['|', '||', '&&', ';', 'do', '(', '{'].includes(t) || /[;|&]$/.test(t)) {
      if (t === 'do') forHeader = false;
      expect = true;
    }
  });
  return starts;
}
