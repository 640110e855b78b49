// OWASP API10:2023 does not apply: the API consumes no third-party API; its only
// peers are its own database and cache, whose answers are typed by the ORM and
// the cache's own shared views.
describe.skip('API10 unsafe consumption of APIs: not applicable, no third-party API is consumed', () => {
  it('has nothing to test', () => undefined);
});
