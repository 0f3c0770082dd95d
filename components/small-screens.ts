// What phones and other small or touch screens need from every component (issue 21): words for the
// pointer in use (a touch screen has no hover and no Space key) and a visible cue on a box that scrolls
// sideways.
import { css, type ReactiveController, type ReactiveControllerHost } from 'lit';

/**
 * Wording for the pointer in use: `<span class="on-mouse">hover</span><span class="on-touch">tap</span>`
 * shows one of the two, switched by the media query, so no render is needed when it changes.
 */
export const pointerWords = css`
  .on-touch {
    display: none;
  }
  @media (hover: none) {
    .on-touch {
      display: inline;
    }
    .on-mouse {
      display: none;
    }
  }
`;

/**
 * A box that scrolls sideways, with a fade at its right edge and the words "scroll →" while more lies to
 * the right. The host renders `<div class="cue-wrap"><div class="cue-scroll">…</div><span class="cue">…</span></div>`
 * and adds `scrollCueStyles`; the controller sets `data-more` on the wrap.
 */
export const scrollCueStyles = css`
  .cue-wrap {
    position: relative;
  }
  .cue-scroll {
    overflow-x: auto;
  }
  .cue {
    display: none;
    font-size: 0.72rem;
    color: #444;
    text-align: right;
    margin-top: 0.1rem;
  }
  .cue-wrap[data-more] > .cue {
    display: block;
  }
  .cue-wrap[data-more]::after {
    content: '';
    position: absolute;
    top: 0;
    right: 0;
    bottom: 1.2rem;
    width: 2rem;
    pointer-events: none;
    background: linear-gradient(to right, #fff0, #fffe);
  }
`;

/**
 * Watches the host's `.cue-scroll` box: marks its `.cue-wrap` with `data-more` while the box can scroll
 * further right, and keeps `width`, the box's inner width in CSS pixels (the host re-renders when it changes,
 * e.g. to write fewer tick labels).
 */
export class ScrollCue implements ReactiveController {
  width = 0;
  readonly #host: ReactiveControllerHost & { readonly renderRoot: ParentNode };
  #box: HTMLElement | null = null;
  #observer?: ResizeObserver;
  readonly #check = () => this.#update();

  constructor(host: ReactiveControllerHost & { readonly renderRoot: ParentNode }) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdated(): void {
    const box = this.#host.renderRoot.querySelector<HTMLElement>('.cue-scroll');
    if (box !== this.#box) {
      this.#box?.removeEventListener('scroll', this.#check);
      this.#observer?.disconnect();
      this.#box = box;
      if (box) {
        box.addEventListener('scroll', this.#check, { passive: true });
        this.#observer ??= new ResizeObserver(this.#check);
        this.#observer.observe(box);
        // the box's content changes size without the box doing so (a wider table)
        if (box.firstElementChild) this.#observer.observe(box.firstElementChild);
      }
    }
    this.#update();
  }

  hostDisconnected(): void {
    this.#box?.removeEventListener('scroll', this.#check);
    this.#observer?.disconnect();
    this.#box = null;
  }

  #update(): void {
    const box = this.#box;
    if (!box) return;
    const more = box.scrollWidth - box.clientWidth - box.scrollLeft > 1;
    box.parentElement?.toggleAttribute('data-more', more);
    if (box.clientWidth !== this.width) {
      this.width = box.clientWidth;
      this.#host.requestUpdate();
    }
  }
}
