'use strict';
// Reference gRPC server for the .NET transport conformance tests (tests/TeleportPlugins.Host.Tests/Teleport/Transport).
// Serves OUR proto.AuthService (repo proto/ folder) with @grpc/grpc-js over cleartext HTTP/2 on 127.0.0.1 and an
// ephemeral port, prints "LISTENING <port>" as its first stdout line, and runs until stdin closes or it is killed.
// Each call picks its behaviour from request metadata, so the tests can drive every scenario:
//   Ping         x-scenario: (none) ok | echo-metadata | error-trailers-only | error-after-headers | sleep (x-sleep-ms)
//                            | hang (x-call-id) | was-received (x-call-id) | was-cancelled (x-call-id) | big
//   WatchEvents  x-events: N PUTs after the INIT event; x-fail-after: K ends the stream with UNAVAILABLE after K PUTs;
//                x-call-id: remembers a client cancellation (ask Ping was-cancelled)
//   CreateAccessRequestV2 echoes the request. Every other RPC is left unimplemented on purpose (UNIMPLEMENTED).
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const serve = require('./serve');

const protoRoot = path.resolve(__dirname, '..', '..', 'proto');
const definition = protoLoader.loadSync('teleport/legacy/client/proto/authservice.proto', {
  // google/protobuf/{empty,timestamp}.proto resolve to protobufjs's bundled well-known types.
  includeDirs: [protoRoot],
  keepCase: true,
  longs: String,
  enums: Number,
  defaults: false,
  oneofs: true,
});
const authService = grpc.loadPackageDefinition(definition).proto.AuthService.service;

// Non-ASCII, '%', quotes and spaces: grpc-js percent-encodes grpc-message, the client must decode it.
const ERROR_DETAIL = 'access request "ünïcødé-42" not found: 100% gone';

const receivedCalls = new Set();
const cancelledCalls = new Set();
const first = (metadata, key) => {
  const values = metadata.get(key);
  return values.length > 0 ? String(values[0]) : undefined;
};

function rememberCancellation(call) {
  const id = first(call.metadata, 'x-call-id');
  call.on('cancelled', () => {
    if (id !== undefined) {
      cancelledCalls.add(id);
    }
  });
}

// Lets a test wait, without guessing delays, until the server has seen a call arrive or be cancelled.
async function waitFor(calls, id, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (!calls.has(id) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return calls.has(id);
}

function ping(call, callback) {
  const scenario = first(call.metadata, 'x-scenario');
  switch (scenario) {
    case undefined:
      return callback(null, { ClusterName: 'reference', ServerVersion: '17.0.0' });
    case 'echo-metadata': {
      // grpc-js turns grpc-timeout into a deadline in epoch milliseconds (Infinity without one).
      const deadline = Number(call.getDeadline());
      const msLeft = Number.isFinite(deadline) ? String(Math.round(deadline - Date.now())) : 'none';
      return callback(null, { ClusterName: msLeft, ServerVersion: JSON.stringify(call.metadata.toJSON()) });
    }
    case 'error-trailers-only':
      // Nothing was sent yet, so grpc-js puts the status into the response headers (a trailers-only response).
      return callback({ code: grpc.status.NOT_FOUND, details: ERROR_DETAIL });
    case 'error-after-headers':
      call.sendMetadata(new grpc.Metadata());
      return callback({ code: grpc.status.NOT_FOUND, details: ERROR_DETAIL });
    case 'sleep': {
      const timer = setTimeout(() => callback(null, { ClusterName: 'slept' }), Number(first(call.metadata, 'x-sleep-ms') ?? 10000));
      call.on('cancelled', () => clearTimeout(timer));
      return undefined;
    }
    case 'hang':
      receivedCalls.add(first(call.metadata, 'x-call-id'));
      rememberCancellation(call);
      return undefined;
    case 'was-received':
      return waitFor(receivedCalls, first(call.metadata, 'x-call-id'), 10000).then((received) =>
        callback(null, { ClusterName: received ? 'received' : 'not-received' }));
    case 'was-cancelled':
      return waitFor(cancelledCalls, first(call.metadata, 'x-call-id'), 10000).then((cancelled) =>
        callback(null, { ClusterName: cancelled ? 'cancelled' : 'not-cancelled' }));
    case 'big':
      return callback(null, { ClusterName: 'x'.repeat(5 * 1024 * 1024) });
    default:
      return callback({ code: grpc.status.INVALID_ARGUMENT, details: `unknown x-scenario ${scenario}` });
  }
}

function accessRequest(i) {
  return {
    Kind: 'access_request',
    Version: 'v3',
    Metadata: { Name: `req-${i}`, Namespace: 'default' },
    Spec: {
      User: 'alice',
      Roles: ['admin'],
      State: 1,
      Created: { seconds: String(1754300800 + i), nanos: 0 },
      RequestReason: `reason ${i}`,
      SystemAnnotations: { Values: { pagerduty_services: { Values: ['payroll'] } } },
    },
  };
}

// Resolves when the stream can take more data or the client went away, leaving no listener behind.
function drainedOrCancelled(call) {
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('cancelled', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
  });
}

async function watchEvents(call) {
  rememberCancellation(call);
  const count = Number(first(call.metadata, 'x-events') ?? 3);
  const failAfter = first(call.metadata, 'x-fail-after');
  call.write({ Type: 0, WatchStatus: { Kind: 'watch_status', Version: 'v1', Metadata: { Name: 'watch' }, Spec: { Kinds: call.request.Kinds } } });
  for (let i = 0; i < count; i++) {
    if (call.cancelled) {
      return;
    }
    if (failAfter !== undefined && i === Number(failAfter)) {
      call.emit('error', { code: grpc.status.UNAVAILABLE, details: `watcher closed after ${i} events` });
      return;
    }
    if (!call.write({ Type: 1, AccessRequest: accessRequest(i) })) {
      await drainedOrCancelled(call);
    }
  }
  call.end();
}

function createAccessRequestV2(call, callback) {
  callback(null, call.request);
}

const server = new grpc.Server();
server.addService(authService, { Ping: ping, WatchEvents: watchEvents, CreateAccessRequestV2: createAccessRequestV2 });
serve(server);
