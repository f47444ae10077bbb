// The shared kit lives in kit/ (tests and benchmarks both use it); this path stays for the tests.
export * from "../../kit/databases.js";
