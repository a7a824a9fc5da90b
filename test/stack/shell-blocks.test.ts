import { runShellBlock, shellBlocks } from '../support/doc-shell-blocks';

/** The shell blocks of README.md and docs/ marked `stack` run as written against the stack this suite started. */
describe('the shell blocks for the stack', () => {
  const blocks = shellBlocks().filter((b) => b.runs === 'stack');

  test('there is at least one', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(1);
  });

  test.each(blocks.map((b) => [b.where, b] as const))('%s runs as written', async (_where, block) => {
    const { code, output } = await runShellBlock(block.code);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining(block.prints!) });
  });
});
