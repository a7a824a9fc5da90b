import { safeAttributes, scrubMessage } from '../../observability/logger';

describe('log lines carry no task token', () => {
  test.each([
    'Activity not found on completion. task_token=TaskToken(CiQ0YjQ2) details=NotFound',
    'Failed to complete activity: Status { message: "invalid taskToken: CiQ0YjQ2" }',
    'Error converting native log entry: SyntaxError: Unexpected end of JSON input, "{"fields":{"task_token":"CiQ0YjQ2"',
  ])('%s', (message) => {
    const scrubbed = scrubMessage(message);
    expect(scrubbed).not.toMatch(/task_?token/i);
    expect(scrubbed).not.toContain('CiQ0YjQ2');
    expect(scrubbed).toContain('[task token redacted]');
  });

  test('a message without one is left as it is', () => {
    expect(scrubMessage('onboarding step createUser')).toBe('onboarding step createUser');
  });

  test('attributes: ids kept, the token and unknown keys dropped, an error reduced to its class and type', () => {
    const error = Object.assign(new Error('the provider said: Jane Doe'), { type: 'ProviderValidation' });
    expect(safeAttributes({ workflowId: 'onboarding-r1', taskToken: 'CiQ0YjQ2', task_token: 'CiQ0YjQ2', input: { ssn: '1' }, error })).toEqual({
      workflowId: 'onboarding-r1',
      error: { name: 'Error', type: 'ProviderValidation' },
    });
  });

  test("the SDK's worker state is kept: operators read from it how a stop drained", () => {
    expect(safeAttributes({ sdkComponent: 'worker', taskQueue: 'onboarding', state: 'DRAINED' })).toEqual({
      sdkComponent: 'worker',
      taskQueue: 'onboarding',
      state: 'DRAINED',
    });
  });
});
