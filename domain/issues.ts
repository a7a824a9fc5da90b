/** A field-level problem of a request or a message: the field's path and what is wrong, never its value. */
export type InputIssue = { field: string; message: string };

/** "person.email: must be a valid email address; wait.kycDeadline: ..." */
export function describeIssues(issues: InputIssue[]): string {
  return issues.map((i) => `${i.field}: ${i.message}`).join('; ');
}
