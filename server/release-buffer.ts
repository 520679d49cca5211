/**
 * Frees a Buffer's memory at once instead of at V8's next garbage collection. V8 collects Buffer memory
 * only after some 64 MiB of it has been allocated since the last full collection (its external-memory
 * limit), so a pipeline that streams a large document through fresh 64 KiB Buffers holds that much dead
 * memory at its peak; releasing each Buffer once it is written keeps the stream's memory at a few chunks.
 *
 * Only for a Buffer its owner is done with: afterwards it and every view of its memory are empty
 * (the ArrayBuffer is detached). A Buffer that shares its ArrayBuffer (a slice, or one of Node's pooled
 * small Buffers) is left to the garbage collector, since other views may still be in use.
 */
export function releaseBuffer(buffer: Uint8Array): void {
  const memory = buffer.buffer;
  if (!(memory instanceof ArrayBuffer) || memory.detached || memory.resizable) return;
  if (buffer.byteOffset !== 0 || buffer.byteLength !== memory.byteLength || memory.byteLength === 0) return;
  memory.transfer(0);
}
