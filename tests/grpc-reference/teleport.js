'use strict';
// A second reference peer for the host's Teleport client: Teleport's access-request semantics (teleport-wire.md §3)
// implemented with @grpc/grpc-js over cleartext HTTP/2 on 127.0.0.1, so the same C# behavioural tests run against
// this independent gRPC implementation and against the simulator in samples/. Prints "LISTENING <port>" first.
// There is no TLS here, so the caller's identity is the `x-teleport-user` metadata (default "teleport-plugins").
// Flags: --version V (Ping's server version, default 17.4.0), --list-unimplemented (ListAccessRequests answers
// UNIMPLEMENTED, as servers before it existed do). Ping with metadata `x-control: drop-watches` ends every open watch
// with UNAVAILABLE; `x-control: add-user` with `x-user: <name>` and `x-traits: <JSON name → values>` adds a user, which
// teleport.users.v1.UsersService/ListUsers lists, GetUser returns, and reviews flagged submitted_on_behalf_of_author may
// be authored by. `x-control: add-resource` with `x-kind: node|kube_cluster|app|db|windows_desktop`, `x-name` and
// `x-labels: <JSON key → value>` adds a resource, which ListResources lists (node as Node, windows_desktop as
// WindowsDesktop; kube_cluster, app and db inside their KubernetesServer, AppServer and DatabaseServer) by the name
// predicate Teleport's access plugins send, a page of Limit at a time.
const path = require('node:path');
const crypto = require('node:crypto');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const serve = require('./serve');

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : fallback);
const serverVersion = option('--version', '17.4.0');
const listUnimplemented = flag('--list-unimplemented');

const protoRoot = path.resolve(__dirname, '..', '..', 'proto');
const definition = protoLoader.loadSync('teleport/legacy/client/proto/authservice.proto', {
  includeDirs: [protoRoot], keepCase: true, longs: String, enums: Number, defaults: true, oneofs: true,
});
const authService = grpc.loadPackageDefinition(definition).proto.AuthService.service;
const usersDefinition = protoLoader.loadSync('teleport/users/v1/users_service.proto', {
  includeDirs: [protoRoot], keepCase: true, longs: String, enums: Number, defaults: true, oneofs: true,
});
const usersService = grpc.loadPackageDefinition(usersDefinition).teleport.users.v1.UsersService.service;

const PENDING = 1, APPROVED = 2, DENIED = 3, PROMOTED = 4;
const requests = new Map();   // id -> AccessRequestV3, in creation order
const pluginData = new Map(); // id -> Map(plugin -> {key: value})
const watchers = new Set();
const users = new Map();      // name -> UserV2
const resources = new Map();  // "kind/name" -> {kind, name, labels}

const fail = (callback, code, details) => callback({ code, details });
const userOf = (call) => {
  const values = call.metadata.get('x-teleport-user');
  return values.length > 0 ? String(values[0]) : 'teleport-plugins';
};
const now = () => {
  const ms = Date.now();
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
};
const publish = (event) => watchers.forEach((call) => call.write(event));
const put = (request) => publish({ Type: 1, AccessRequest: request });

function ping(call, callback) {
  const control = call.metadata.get('x-control');
  if (control.length > 0 && String(control[0]) === 'add-user') {
    const name = String(call.metadata.get('x-user')[0]);
    const traits = JSON.parse(String(call.metadata.get('x-traits')[0] ?? '{}'));
    const values = Object.fromEntries(Object.entries(traits).map(([trait, list]) => [trait, { Values: list }]));
    users.set(name, { Kind: 'user', Version: 'v2', Metadata: { Name: name }, Spec: { Roles: [], Traits: { Values: values } } });
  }
  if (control.length > 0 && String(control[0]) === 'add-resource') {
    const kind = String(call.metadata.get('x-kind')[0]);
    const name = String(call.metadata.get('x-name')[0]);
    resources.set(`${kind}/${name}`, { kind, name, labels: JSON.parse(String(call.metadata.get('x-labels')[0] ?? '{}')) });
  }
  if (control.length > 0 && String(control[0]) === 'drop-watches') {
    for (const watcher of watchers) {
      watcher.emit('error', { code: grpc.status.UNAVAILABLE, details: 'watcher dropped by the test' });
    }
    watchers.clear();
  }
  callback(null, {
    ClusterName: 'reference.example.com', ServerVersion: serverVersion, ProxyPublicAddr: 'proxy.reference.example.com:443',
    ServerFeatures: { AdvancedAccessWorkflows: true },
  });
}

function watchEvents(call) {
  const kinds = call.request.Kinds.filter((kind) => kind.Kind === 'access_request');
  if (kinds.length === 0) {
    call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'only access_request can be watched here' });
    return;
  }
  call.write({ Type: 0, WatchStatus: { Kind: 'watch_status', Version: 'v1', Metadata: { Name: 'watch' }, Spec: { Kinds: kinds } } });
  watchers.add(call);
  call.on('cancelled', () => watchers.delete(call));
}

function matches(filter, request) {
  return (!filter || !filter.ID || filter.ID === request.Metadata.Name)
    && (!filter || !filter.User || filter.User === request.Spec.User)
    && (!filter || !filter.State || filter.State === request.Spec.State);
}

function listAccessRequests(call, callback) {
  if (listUnimplemented) {
    return fail(callback, grpc.status.UNIMPLEMENTED, 'unknown method ListAccessRequests for service proto.AuthService');
  }
  const all = [...requests.values()].filter((r) => matches(call.request.Filter, r));
  const start = call.request.StartKey ? all.findIndex((r) => r.Metadata.Name === call.request.StartKey) : 0;
  if (start < 0) {
    return fail(callback, grpc.status.INVALID_ARGUMENT, 'unknown start key');
  }
  const limit = call.request.Limit > 0 ? call.request.Limit : all.length;
  const page = all.slice(start, start + limit);
  const next = start + limit < all.length ? all[start + limit].Metadata.Name : '';
  return callback(null, { AccessRequests: page, NextKey: next });
}

function getAccessRequestsV2(call) {
  for (const request of requests.values()) {
    if (matches(call.request, request)) {
      call.write(request);
    }
  }
  call.end();
}

function createAccessRequestV2(call, callback) {
  const request = call.request;
  const id = crypto.randomUUID();
  request.Kind = 'access_request';
  request.Version = 'v3';
  request.Metadata = { ...(request.Metadata || {}), Name: id, Namespace: 'default' };
  request.Spec.State = PENDING;
  request.Spec.Created = now();
  request.Spec.Reviews = [];
  if (!request.Spec.Thresholds || request.Spec.Thresholds.length === 0) {
    request.Spec.Thresholds = [{ Name: 'default', Approve: 1, Deny: 1 }];
  }
  requests.set(id, request);
  put(request);
  callback(null, request);
}

function submitAccessReview(call, callback) {
  const request = requests.get(call.request.RequestID);
  if (!request) {
    return fail(callback, grpc.status.NOT_FOUND, `access request "${call.request.RequestID}" not found`);
  }
  const review = call.request.Review;
  const caller = userOf(call);
  review.Author = review.Author || caller;
  if (review.submitted_on_behalf_of_author && review.Author !== caller) {
    // teleport#66230: the submitter is the caller; the author must exist and may not review their own request.
    review.SubmittedBy = review.SubmittedBy || caller;
    if (review.SubmittedBy !== caller) {
      return fail(callback, grpc.status.PERMISSION_DENIED, `user "${caller}" cannot submit reviews on behalf of "${review.SubmittedBy}"`);
    }
    if (!users.has(review.Author)) {
      return fail(callback, grpc.status.NOT_FOUND, `user "${review.Author}" is not found`);
    }
    if (review.Author === request.Spec.User) {
      return fail(callback, grpc.status.PERMISSION_DENIED, `user "${review.Author}" cannot review request ${call.request.RequestID}`);
    }
  } else if (review.Author !== caller) {
    return fail(callback, grpc.status.PERMISSION_DENIED, `user "${caller}" cannot submit reviews on behalf of "${review.Author}"`);
  }
  if (request.Spec.State !== PENDING) {
    return fail(callback, grpc.status.PERMISSION_DENIED, 'the access request has already been resolved');
  }
  if (request.Spec.Reviews.some((r) => r.Author === review.Author)) {
    return fail(callback, grpc.status.PERMISSION_DENIED, `user "${review.Author}" has already reviewed this request`);
  }
  request.Spec.Reviews.push(review);
  const count = (state) => request.Spec.Reviews.filter((r) => r.ProposedState === state).length;
  const threshold = request.Spec.Thresholds[0];
  if (count(DENIED) >= threshold.Deny) {
    request.Spec.State = DENIED;
    request.Spec.ResolveReason = review.Reason;
  } else if (count(APPROVED) >= threshold.Approve) {
    request.Spec.State = APPROVED;
    request.Spec.ResolveReason = review.Reason;
  }
  put(request);
  return callback(null, request);
}

function setAccessRequestState(call, callback) {
  const request = requests.get(call.request.ID);
  if (!request) {
    return fail(callback, grpc.status.NOT_FOUND, `access request "${call.request.ID}" not found`);
  }
  if (call.request.State === PROMOTED || request.Spec.State !== PENDING) {
    return fail(callback, grpc.status.INVALID_ARGUMENT, 'cannot set this state on this request');
  }
  request.Spec.State = call.request.State;
  request.Spec.ResolveReason = call.request.Reason;
  request.Delegator = call.request.Delegator; // not on the wire; answered by GetPluginData of plugin "_audit"
  put(request);
  return callback(null, {});
}

function deleteAccessRequest(call, callback) {
  if (!requests.delete(call.request.ID)) {
    return fail(callback, grpc.status.NOT_FOUND, `access request "${call.request.ID}" not found`);
  }
  publish({ Type: 2, ResourceHeader: { Kind: 'access_request', Version: 'v3', Metadata: { Name: call.request.ID, Namespace: 'default' } } });
  return callback(null, {});
}

function entryOf(id, plugin) {
  if (plugin === '_audit') {
    const request = requests.get(id);
    return request && request.Delegator ? { delegator: request.Delegator } : undefined;
  }
  return pluginData.get(id)?.get(plugin);
}

function getPluginData(call, callback) {
  const { Kind, Resource, Plugin } = call.request;
  if (Kind !== 'access_request') {
    return fail(callback, grpc.status.INVALID_ARGUMENT, `unsupported resource kind "${Kind}"`);
  }
  const entry = entryOf(Resource, Plugin);
  if (!entry) {
    return callback(null, { PluginData: [] });
  }
  return callback(null, {
    PluginData: [{ Kind: 'plugin_data', Version: 'v3', Metadata: { Name: Resource }, Spec: { Entries: { [Plugin]: { Data: entry } } } }],
  });
}

// Compare-and-swap exactly as teleport-wire.md §3.3: a non-empty Expect is checked key by key (absent == ""),
// Set "" deletes a key, an entry left empty is removed, and the request must exist.
function updatePluginData(call, callback) {
  const { Kind, Resource, Plugin, Set, Expect } = call.request;
  if (Kind !== 'access_request') {
    return fail(callback, grpc.status.INVALID_ARGUMENT, `unsupported resource kind "${Kind}"`);
  }
  if (!requests.has(Resource)) {
    return fail(callback, grpc.status.NOT_FOUND, `access request "${Resource}" not found`);
  }
  const byPlugin = pluginData.get(Resource) ?? new Map();
  const entry = { ...(byPlugin.get(Plugin) ?? {}) };
  for (const [key, expected] of Object.entries(Expect ?? {})) {
    if ((entry[key] ?? '') !== expected) {
      return fail(callback, grpc.status.FAILED_PRECONDITION, `expectations not met for field "${key}"`);
    }
  }
  for (const [key, value] of Object.entries(Set ?? {})) {
    if (value === '') {
      delete entry[key];
    } else {
      entry[key] = value;
    }
  }
  if (Object.keys(entry).length === 0) {
    byPlugin.delete(Plugin);
  } else {
    byPlugin.set(Plugin, entry);
  }
  pluginData.set(Resource, byPlugin);
  return callback(null, {});
}

// Name order, the next name as page token, as Teleport pages users.
function listUsers(call, callback) {
  const all = [...users.keys()].sort().filter((name) => name >= (call.request.page_token || ''));
  const size = call.request.page_size > 0 ? call.request.page_size : all.length;
  const page = all.slice(0, size).map((name) => users.get(name));
  return callback(null, { users: page, next_page_token: all.length > size ? all[size] : '' });
}

function listResources(call, callback) {
  const { ResourceType, PredicateExpression, StartKey } = call.request;
  const kind = { node: 'node', kube_server: 'kube_cluster', app_server: 'app', db_server: 'db', windows_desktop: 'windows_desktop' }[ResourceType];
  if (!kind) {
    return callback(null, { Resources: [], NextKey: '' });
  }
  const names = PredicateExpression === '' ? null
    : new Set(PredicateExpression.split('||').map((term) => JSON.parse(term.trim().replace(/^resource\.metadata\.name == /, ''))));
  const limit = call.request.Limit > 0 ? call.request.Limit : 1000;
  const all = [...resources.values()]
    .filter((r) => r.kind === kind && (names === null || names.has(r.name)) && r.name >= StartKey)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const toProto = (r) => {
    const Metadata = { Name: r.name, Namespace: 'default', Labels: r.labels };
    const server = { Name: r.name };
    switch (kind) {
      case 'node': return { Node: { Kind: 'node', Version: 'v2', Metadata } };
      case 'windows_desktop': return { WindowsDesktop: { Header: { Kind: 'windows_desktop', Version: 'v3', Metadata } } };
      case 'app': return { AppServer: { Kind: 'app_server', Version: 'v3', Metadata: server, Spec: { App: { Kind: 'app', Version: 'v3', Metadata } } } };
      case 'db': return { DatabaseServer: { Kind: 'db_server', Version: 'v3', Metadata: server, Spec: { Database: { Kind: 'db', Version: 'v3', Metadata } } } };
      default: return { KubernetesServer: { Kind: 'kube_server', Version: 'v3', Metadata: server, Spec: { Cluster: { Kind: 'kube_cluster', Version: 'v3', Metadata } } } };
    }
  };
  return callback(null, { Resources: all.slice(0, limit).map(toProto), NextKey: all.length > limit ? all[limit].name : '' });
}

function getUser(call, callback) {
  const user = users.get(call.request.name);
  return user ? callback(null, { user }) : fail(callback, grpc.status.NOT_FOUND, `user "${call.request.name}" is not found`);
}

const server = new grpc.Server();
server.addService(usersService, { ListUsers: listUsers, GetUser: getUser });
server.addService(authService, {
  Ping: ping,
  WatchEvents: watchEvents,
  ListAccessRequests: listAccessRequests,
  GetAccessRequestsV2: getAccessRequestsV2,
  CreateAccessRequestV2: createAccessRequestV2,
  SubmitAccessReview: submitAccessReview,
  SetAccessRequestState: setAccessRequestState,
  DeleteAccessRequest: deleteAccessRequest,
  GetPluginData: getPluginData,
  UpdatePluginData: updatePluginData,
  ListResources: listResources,
});
serve(server);
