// The cursor of a metric chart. Charts that share a sync key show one crosshair at the same x in
// all of them (uPlot's cursor.sync, https://github.com/leeoniya/uPlot/tree/master/demos sync-cursor).
import type uPlot from 'uplot';

/**
 * Drag zooms x; with a key, the cursor follows the other charts of that key at the same x value.
 * Only x is matched by value (scales ['x', null]): the charts' y axes measure different things, so
 * the other charts place the horizontal line at the same height fraction instead.
 */
export function cursorOptions(syncKey: string): uPlot.Cursor {
  const drag = { x: true, y: false };
  return syncKey ? { drag, sync: { key: syncKey, scales: ['x', null] } } : { drag };
}
