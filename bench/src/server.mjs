// The benchmark's API: a node:http server (run in its own process, so its CPU
// is not counted as the client's) answering list-connections with a realistic
// Codat page of 10 connections. Prints its URL on stdout.
import { createServer } from "node:http";
import { pageBody, pageHeaders } from "./page.mjs";

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, pageHeaders);
    res.end(pageBody);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${server.address().port}`));
