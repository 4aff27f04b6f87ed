/** The protocol's CancelRequest, for tests that interrupt a waiting statement. */
import { connect as netConnect } from 'node:net';
import type pg from 'pg';

/** Sends a CancelRequest for `client`'s backend (the protocol's own way, on a new connection). */
export function cancelRequest(port: number, client: pg.Client): Promise<void> {
  const { processID, secretKey } = client as unknown as { processID: number; secretKey: number };
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(80877102, 4);
  packet.writeInt32BE(processID, 8);
  packet.writeInt32BE(secretKey, 12);
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1', () => socket.end(packet));
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}
