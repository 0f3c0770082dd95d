// The page's reading of its URL: the experiment through the core codec, plus the view-only key the
// codec does not know (autoplay). Every problem becomes a banner message naming its field.
import { DEFAULT_EXPERIMENT, paramOfKey } from '../../core/experiment/experiment.ts';
import { escapeControl } from '../../core/experiment/user-text.ts';
import { decodeExperiment } from '../../core/experiment/url.ts';
import type { Experiment } from '../../core/types.ts';
import type { BannerMessage } from '../../../components/lab-banners.ts';

/** Query keys the page handles itself and keeps in the URL untouched. */
export const PAGE_ONLY_KEYS: readonly string[] = ['autoplay'];

interface PageQuery {
  readonly experiment: Experiment;
  readonly messages: BannerMessage[];
  /** the URL carries an experiment (a v=1 link): a shared link runs at once, unless a value was clamped or replaced */
  readonly hasExperiment: boolean;
  readonly autoplay: boolean;
}

export function readPageQuery(search: string): PageQuery {
  const params = new URLSearchParams(search);
  const messages: BannerMessage[] = [];
  const autoplayRaw = params.get('autoplay');
  let autoplay = true;
  if (autoplayRaw !== null) {
    if (autoplayRaw === '0' || autoplayRaw === '1') autoplay = autoplayRaw === '1';
    else
      messages.push({
        level: 'warning',
        field: 'autoplay',
        text: `"${autoplayRaw}" is not 0 or 1; the link runs at once`,
      });
  }
  for (const key of PAGE_ONLY_KEYS) params.delete(key);
  // a bare address is no link; anything else follows the core's link rule (v=1 or refused, idle)
  if ([...params.keys()].length === 0)
    return { experiment: DEFAULT_EXPERIMENT, messages, hasExperiment: false, autoplay };
  const { experiment, errors, readable } = decodeExperiment(params.toString());
  if (!readable) {
    for (const e of errors)
      messages.push({ level: 'error', field: e.field, text: `${e.message}; the default experiment is shown, not run` });
    return { experiment: DEFAULT_EXPERIMENT, messages: escaped(messages), hasExperiment: false, autoplay };
  }
  for (const e of errors) {
    // a clamped value says what it uses ("using 100000"); an invalid one falls back to the default
    const replaced = !e.warning && paramOfKey(e.field) !== undefined && !e.using;
    const text = e.using ? `${e.message}; ${e.using}` : replaced ? `${e.message}; the default is used` : e.message;
    // some core messages already start with their key; the banner then needs no second label
    messages.push({
      level: e.warning ? 'warning' : 'error',
      field: e.message.startsWith(`${e.field}:`) ? undefined : e.field,
      text,
    });
  }
  // a value the link did not mean (a typo clamped to N = 100,000, a default for a bad one) could start a
  // long run no one asked for: such a link waits for Play, and says why
  const changed = errors.filter((e) => !e.warning).map((e) => e.field);
  if (changed.length > 0)
    messages.push({
      level: 'warning',
      field: 'link',
      text: `not run at once: the link's ${[...new Set(changed)].join(', ')} ${changed.length === 1 ? 'was' : 'were'} changed (above); check the settings, then press Play`,
    });
  return { experiment, messages: escaped(messages), hasExperiment: true, autoplay: autoplay && changed.length === 0 };
}

/** Link text is anyone's input: the banner shows its control characters escaped. */
function escaped(messages: BannerMessage[]): BannerMessage[] {
  return messages.map((m) => ({
    ...m,
    text: escapeControl(m.text),
    ...(m.field === undefined ? {} : { field: escapeControl(m.field) }),
  }));
}
