/**
 * Fills a server URL template such as `https://{domain}.biapi.pro/{version}`.
 * Each value is checked for where it goes, so that no value can send the
 * client elsewhere ("evil.com/x?", "../admin"): in the host (or port),
 * letters, digits, and hyphens or dots between them; in the path, path
 * segments that are not "." or "..". (The client then checks the whole URL.)
 */
export function serverUrl(template: string, values: Record<string, string>): string {
  const pathStart = template.indexOf("/", template.indexOf("//") + 2);
  return template.replace(/\{([^{}]+)\}/g, (_, name: string, offset: number) => {
    const value = values[name] ?? "";
    const inPath = pathStart !== -1 && offset > pathStart;
    const [pattern, what] = inPath
      ? [/^(?!\.{1,2}(\/|$))[\w~-][\w.~-]*(\/(?!\.{1,2}(\/|$))[\w.~-]+)*$/, "path segments (letters, digits, . _ ~ -)"]
      : [/^[a-z\d]+([.-]+[a-z\d]+)*$/i, "letters, digits, hyphens and dots (a host name)"];
    if (!pattern.test(value)) throw new TypeError(`${name} must be ${what}, got ${JSON.stringify(value)}`);
    return value;
  });
}
