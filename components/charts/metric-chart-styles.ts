// The live chart's own styles (components/charts/metric-chart.ts), beside uPlot's stylesheet.
import { css } from 'lit';

export const CHART_HEIGHT_PX = 200;

export const METRIC_CHART_CSS = css`
  :host {
    display: block;
    min-width: 0;
    position: relative;
  }
  figure {
    margin: 0;
  }
  figcaption {
    font:
      600 0.85rem/1.3 system-ui,
      sans-serif;
    margin: 0 0 0.1rem;
  }
  .note {
    font:
      0.72rem/1.2 system-ui,
      sans-serif;
    color: #555;
    margin: 0;
  }
  .readout {
    font:
      0.72rem/1.2 ui-monospace,
      monospace;
    color: #444;
    min-height: 1.2em;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .frame {
    position: relative;
  }
  .plot {
    width: 100%;
    min-height: ${CHART_HEIGHT_PX}px;
  }
  .uplot {
    font-family: system-ui, sans-serif;
  }
  .u-legend {
    font-size: 0.7rem;
    line-height: 1.15;
    text-align: left;
  }
  .hint,
  .problem {
    position: absolute;
    left: 60px;
    right: 8px;
    top: 40%;
    text-align: center;
    font:
      0.85rem system-ui,
      sans-serif;
    pointer-events: none;
  }
  .hint {
    color: #666;
  }
  .problem {
    color: #8a0010;
    background: #fff5f6;
    border: 1px solid #e3a3ad;
    border-radius: 4px;
    padding: 0.2rem;
  }
`;
