/** Text work goes to the free local engine when the account has no AI provider; images have no local engine. */
export function runsOnLocalEngine(operation: string, textEngine: 'openai' | 'local' | undefined): boolean {
  return textEngine === 'local' && operation !== 'images';
}
