// The peer the API bench compares Daicho with: PostGraphile 4 on the bench's database, in a
// process of its own (`node bench/postgraphile-server.js <database URL> <port>`), read-only
// (no mutations), no authentication (the same conditions as Daicho's side of the comparison).
const { createServer } = require('node:http');
const { postgraphile } = require('postgraphile');

const [url, port] = process.argv.slice(2);
const middleware = postgraphile(url, 'public', {
  disableDefaultMutations: true,
  dynamicJson: true,
  retryOnInitFail: false,
  disableQueryLog: true,
  graphiql: false,
  ignoreRBAC: false,
});
createServer(middleware).listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
