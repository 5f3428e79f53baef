'use strict';
// Shared by the reference servers: bind to an ephemeral port of 127.0.0.1, announce it as the first stdout line
// ("LISTENING <port>"), and stop when stdin closes (the test process went away) or on SIGTERM / SIGINT.
const grpc = require('@grpc/grpc-js');

module.exports = function serve(server) {
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    console.log(`LISTENING ${port}`);
  });

  const stop = () => {
    server.forceShutdown();
    process.exit(0);
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
};
