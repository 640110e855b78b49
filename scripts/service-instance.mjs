// PM2's entry point for one instance of a service (ecosystem.services.config.cjs).
// A service's instances run in fork mode, each on a port of its own, so that nginx
// knows them apart: it can retry a read on another instance when one dies, which it
// cannot do across PM2's cluster mode (one port, so one server to nginx). PM2 gives
// each instance a stable NODE_APP_INSTANCE (0, 1, ...) that survives restarts and
// reloads; its port is SERVICE_PORT plus that. (PM2's increment_var does not survive
// `reload --update-env`: every instance gets the first port back.)
const base = Number(process.env.SERVICE_PORT);
const instance = Number(process.env.NODE_APP_INSTANCE ?? 0);
if (Number.isInteger(base) && base > 0) process.env.PORT = String(base + instance);
// The production build: one bundled file (scripts/bundle.mjs), which boots in a
// fraction of the time dist/main.js takes.
await import('../dist/main.bundle.js');
