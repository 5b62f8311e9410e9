export { API_NAMES, DEFAULT_ACCESS_TOKEN, DEFAULT_API_KEY, startMockServer, type ApiName, type MockServer, type MockServerOptions } from "./server";
export { parseFault, type Fault } from "./faults";
