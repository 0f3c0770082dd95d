// The one way components talk upward: a bubbling, composed `lab-action` event that the page's
// controller turns into state changes. Components never change experiment state themselves.

export type LabAction =
  | { readonly type: 'play' | 'pause' | 'step' | 'reset' | 'share' | 'speed-test' | 'cancel-prepare' }
  | { readonly type: 'field'; readonly field: string; readonly raw: string }
  | { readonly type: 'preset'; readonly id: string }
  | { readonly type: 'upload'; readonly file: File }
  | { readonly type: 'export'; readonly what: 'csv' | 'json' | 'weights' | 'png' | 'svg' | 'python' }
  | { readonly type: 'legend'; readonly run: number; readonly on: boolean }
  | { readonly type: 'scale'; readonly log: boolean }
  | { readonly type: 'template'; readonly loss: string; readonly u2: number }
  | { readonly type: 'checks-run'; readonly run: number }
  | { readonly type: 'norms-run'; readonly run: number }
  | { readonly type: 'sweep-metric'; readonly metric: string }
  | { readonly type: 'sweep-select'; readonly run: number }
  | { readonly type: 'bands-by'; readonly by: string };

export function emitAction(from: HTMLElement, action: LabAction): void {
  from.dispatchEvent(new CustomEvent<LabAction>('lab-action', { detail: action, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'lab-action': CustomEvent<LabAction>;
  }
}
