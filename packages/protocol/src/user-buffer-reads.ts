/**
 * Reading a plain socket into one reused buffer instead of through `'data'` events.
 *
 * WHY. With `'data'` events every read allocates a fresh ArrayBuffer (a malloc'ed BackingStore)
 * and a Buffer, and goes through the Readable machinery (push, emit, and nextTicks around it).
 * At one pgbench client that is ~1 µs of the server's ~15 µs per transaction. Node can instead
 * read into a buffer the caller owns and call back synchronously with the byte count: the
 * `onread: { buffer, callback }` option of `net.connect` / `new net.Socket`. There is no public
 * way to ask for it on a socket a `net.Server` accepted, so this module installs it on an
 * accepted socket the way Node's own Socket constructor does: the three per-instance symbol
 * properties (`kBuffer`, `kBufferCb`, `kBufferGen`, found by description) and the handle's
 * `useUserBuffer`. Everything is feature-detected: when any piece is missing (another Node
 * version, a TLSSocket, a test double) it returns false and the caller keeps `'data'` events.
 *
 * AFTER INSTALLING: no `'data'` event fires; `pause()`/`resume()` stop and start the handle's
 * reads (Node's Socket handles that for user-buffer sockets); EOF still emits `'end'`, errors
 * still `'error'` and `'close'`. The chunk given to `onRead` is overwritten by the next read: the
 * callee must copy whatever it keeps past its own synchronous return (MessageReader's
 * `pushBorrowed`/`returnBorrowed`).
 *
 * NOT FOR TLS: a TLSSocket's reads come from the TLS layer above the TCP handle, so this applies
 * to a plain socket only, and only before anything wraps it (the connection installs it once the
 * StartupMessage has shown that TLS was not negotiated).
 *
 * @see https://nodejs.org/docs/latest-v20.x/api/net.html#socketconnectoptions-connectlistener
 */
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/** Size of the reused buffer: what Node reads per call with `'data'` events (64 KiB). */
export const USER_BUFFER_SIZE = 64 * 1024;

/** Cached views of the read buffer (a power of two). */
const VIEW_SLOTS = 16;

/** The parts of Node's net.Socket internals this module touches. */
interface SocketInternals {
  readonly _handle?: { useUserBuffer?: (buffer: Uint8Array) => void } | null;
  [key: symbol]: unknown;
}

/**
 * Makes `socket` read into one buffer of `size` bytes it allocates and call `onRead(chunk)` with
 * a view of the bytes just read. Sync. Returns false, changing nothing, when the socket cannot do
 * it (see the file comment) or when bytes already wait in its Readable buffer (they would be
 * delivered after the user-buffer reads, out of order).
 */
export function readIntoUserBuffer(
  socket: Socket,
  onRead: (chunk: Buffer) => void,
  size = USER_BUFFER_SIZE,
): boolean {
  // A TLSSocket's handle is the TLS layer: its reads are not the TCP stream's (file comment).
  if (socket instanceof TLSSocket) return false;
  const internals = socket as unknown as SocketInternals;
  const handle = internals._handle;
  if (handle == null || typeof handle.useUserBuffer !== 'function') return false;
  if (socket.readableLength !== 0 || socket.destroyed) return false;
  const symbols = Object.getOwnPropertySymbols(socket);
  const kBuffer = symbols.find((s) => s.description === 'kBuffer');
  const kBufferCb = symbols.find((s) => s.description === 'kBufferCb');
  const kBufferGen = symbols.find((s) => s.description === 'kBufferGen');
  // NB: all three are set to null by the constructor of a socket without `onread`.
  if (kBuffer === undefined || kBufferCb === undefined || kBufferGen === undefined) return false;
  if (internals[kBuffer] !== null || internals[kBufferGen] !== null) return false;
  const buffer = Buffer.allocUnsafe(size);
  // Views of the buffer by read length, direct-mapped: a client repeating one kind of request
  // reads the same few lengths, and a view made once spares a Buffer per read.
  const views: Buffer[] = new Array(VIEW_SLOTS).fill(buffer);
  internals[kBuffer] = buffer;
  internals[kBufferCb] = (nread: number): void => {
    const slot = nread & (VIEW_SLOTS - 1);
    let view = views[slot];
    if (view.length !== nread) {
      view = buffer.subarray(0, nread);
      views[slot] = view;
    }
    onRead(view);
  };
  handle.useUserBuffer(buffer);
  return true;
}
