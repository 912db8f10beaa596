// Loaded into a server with `node --require scripts/lib/cpu-probe.cjs <server>`: answers the bench's question "how much
// CPU has this process used?" over the IPC channel, so any node-based server (this mock, a bare one, a peer) is
// measured from inside itself without changing its code. A server spawned without an IPC channel is left alone.
'use strict';
if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (message === null || typeof message !== 'object' || message.type !== 'store-api-bench:cpu') return;
    const { user, system } = process.cpuUsage();
    process.send({ type: 'store-api-bench:cpu', id: message.id, user, system });
  });
  // The channel must not keep a server alive that would otherwise exit.
  process.channel?.unref();
}
