// Replaced below by the shared-server setup.
export default async function setup() {}
