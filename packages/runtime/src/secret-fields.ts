// Request body fields whose values are credentials, as the spec marks them
// (`format: password`): an operation with such fields refers to one of these
// as its `secretsOf`, so that its errors and log lines never show their
// values. Only the apps that call such an operation bundle this module.

/** What an operation's `secretsOf` is: the credential values a request body carries. */
export type SecretsOf = (requestBody: unknown) => readonly string[];

/** The values of these top-level fields. */
export const secretFields =
  (names: readonly string[]): SecretsOf =>
  (body) =>
    stringValues(body, (name) => names.includes(name));

/** The values of every top-level field but these: a schema whose `additionalProperties` are passwords (Powens's connector credentials). */
export const secretFieldsExcept =
  (names: readonly string[]): SecretsOf =>
  (body) =>
    stringValues(body, (name) => !names.includes(name));

function stringValues(body: unknown, isSecret: (name: string) => boolean): string[] {
  if (body === null || typeof body !== "object") return [];
  return Object.entries(body).flatMap(([name, value]) => (typeof value === "string" && isSecret(name) ? [value] : []));
}
