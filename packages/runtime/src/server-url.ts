/**
 * Fills a server URL template such as `https://{domain}.biapi.pro/2.0`.
 * Values go into the host name, so each must be a host-name label (letters,
 * digits, single hyphens): "evil.com/x?" cannot redirect the client elsewhere.
 */
export function serverUrl(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name] ?? "";
    if (!/^[a-z\d]+(-[a-z\d]+)*$/i.test(value)) {
      throw new TypeError(`${name} must be letters, digits and single hyphens, got ${JSON.stringify(value)}`);
    }
    return value;
  });
}
