// The page layout's styles (see lab-app.ts): two columns on a wide screen, one on a phone with the
// run controls, then the curves, then the settings.
import { css } from 'lit';
import { pointerWords } from './small-screens.ts';

export const labAppStyles = css`
  ${pointerWords}
  :host {
    display: block;
    font:
      15px/1.45 system-ui,
      -apple-system,
      'Segoe UI',
      sans-serif;
    color: #1b1b1b;
    max-width: 1600px;
    margin: 0 auto;
    padding: 0.6rem 1rem 2rem;
    box-sizing: border-box;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.3rem 1rem;
    margin-bottom: 0.4rem;
  }
  h1 {
    font-size: 1.25rem;
    margin: 0;
  }
  .subtitle {
    color: #555;
    font-size: 0.85rem;
    margin: 0;
  }
  .cite {
    flex-basis: 100%;
  }
  /* the settings come last on a phone (see the one-column layout below): a link near the top reaches them */
  .jump {
    display: none;
    margin-left: auto;
    font-size: 0.9rem;
    font-weight: 600;
    color: #0b57d0;
  }
  .settings:focus {
    outline: none;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(300px, 380px) 1fr;
    gap: 1rem;
    align-items: start;
  }
  .experiment {
    display: flex;
    flex-direction: column;
    gap: 0.8rem;
    min-width: 0;
  }
  section {
    background: #fff;
    border: 1px solid #e0e0e0;
    border-radius: 8px;
    padding: 0.6rem 0.75rem;
  }
  h2 {
    font-size: 0.95rem;
    margin: 0 0 0.45rem;
  }
  .charts {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(360px, 1fr));
    gap: 0.6rem 0.9rem;
  }
  .curves-head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.2rem 1rem;
    margin: 0 0 0.45rem;
  }
  .curves-head h2 {
    margin: 0;
  }
  /* the legend stays in view while scrolling through the charts (one column of six on a phone) */
  run-legend {
    margin: 0 0 0.5rem;
    position: sticky;
    top: 0;
    z-index: 2;
    background: #fff;
    padding: 0.2rem 0;
  }
  .results {
    display: flex;
    flex-direction: column;
    gap: 0.8rem;
    min-width: 0;
  }
  .bands {
    font-size: 0.8rem;
    color: #333;
    margin: 0 0 0.4rem;
  }
  .bands select {
    font: inherit;
    margin-right: 0.3rem;
  }
  .toggle {
    font-size: 0.85rem;
    display: flex;
    gap: 0.35rem;
    align-items: center;
  }
  @media (max-width: 900px) {
    :host {
      padding: 0.5rem;
    }
    /* on a phone: run controls, then the curves, then the settings */
    /* stretch, not start: a wide table (the norms' ρ) must scroll inside its section, not widen the column */
    .layout {
      display: flex;
      flex-direction: column;
      align-items: stretch;
    }
    .experiment {
      display: contents;
    }
    .run {
      order: 1;
    }
    .results {
      order: 2;
    }
    .settings {
      order: 3;
    }
    .extras {
      order: 4;
    }
    .charts {
      grid-template-columns: 1fr;
    }
    .jump {
      display: inline;
    }
  }
  @media (max-width: 420px) {
    .charts {
      grid-template-columns: minmax(0, 1fr);
    }
    section {
      padding: 0.5rem 0.45rem;
    }
  }
`;
