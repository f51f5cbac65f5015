// Stands in for the `server-only` guard under vitest, which runs outside a react-server bundle.
export {};
