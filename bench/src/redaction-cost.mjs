// The cost of redacting an error body, per MB: the same JSON body, with a long
// key and a short credential (a 4-digit PIN) among the call's secrets, built
// into a typed error by apiErrorFrom. Four shapes: parsed JSON (every string
// and key walked), its raw text under a JSON content type, plain text, and the
// text HTML-escaped (character references read back to look for a credential).
// Beside it, JSON.parse of the same text: the floor any reading of it pays.
import { apiErrorFrom } from "@syncline/runtime";
import { median } from "./stats.mjs";

/** A JSON body of about `megabytes` MB, with the PIN in some of its strings. */
function bodyOf(megabytes) {
  const items = [];
  for (let i = 0; JSON.stringify(items).length < megabytes * 1_000_000; i += 1000) {
    for (let j = i; j < i + 1000; j++) items.push({ id: `item-${j}`, note: j % 7 ? `tried at step ${j}` : `code 4821 tried at step ${j}`, tags: ["a", "b"] });
  }
  return { error: "too many attempts", items };
}

export function redactionCost({ megabytes = 3, runs = 5 } = {}) {
  const body = bodyOf(megabytes);
  const text = JSON.stringify(body);
  const html = text.replaceAll('"', "&#34;");
  const mb = text.length / 1_000_000;
  const secrets = ["4821", "sk_live_0123456789abcdef"];
  const shapes = {
    "parsed JSON body": () => apiErrorFrom({ status: 400, headers: new Headers({ "content-type": "application/json" }), body, secrets }),
    "raw text, JSON content type": () => apiErrorFrom({ status: 400, headers: new Headers({ "content-type": "application/json" }), rawBody: text, secrets }),
    "plain text": () => apiErrorFrom({ status: 400, headers: new Headers({ "content-type": "text/plain" }), rawBody: text, secrets }),
    // Every quote a character reference (&#34;), as an error page that escapes what it prints: the references are read back.
    "HTML-escaped text": () => apiErrorFrom({ status: 400, headers: new Headers({ "content-type": "text/html" }), rawBody: html, secrets }),
    "JSON.parse alone (the floor)": () => JSON.parse(text),
  };
  return Object.entries(shapes).map(([name, run]) => {
    run(); // warm-up
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      run();
      samples.push(performance.now() - started);
    }
    return { name, mb, msPerMb: median(samples) / mb };
  });
}
