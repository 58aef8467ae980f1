import { BarChart, Svg } from 'chartist';
import { suppressedMarker } from '../../../../lib/domain/statistics/table.js';

/**
 * Bar charts drawn by Chartist (SVG, bundled into the staff app). A chart is a picture for sighted
 * readers: it is hidden from assistive technologies, and the data table that follows it on the page
 * is its text alternative. A suppressed value is never drawn as a bar (nor as 0): its place carries
 * the mark « s » (secret statistique) instead, said in the legend.
 */

/*
 * Chartist writes a few declarations as `style` attributes (the SVG's size, the labels' overflow),
 * which the pages' Content-Security-Policy (`style-src 'self'`) refuses. The same declarations set
 * through the CSSOM are allowed: Chartist's attribute writer hands them over that way.
 */
const writeAttributes = Svg.prototype.attr;
Svg.prototype.attr = function attr(attributes, ns) {
  if (attributes && typeof attributes === 'object' && typeof attributes.style === 'string') {
    const { style, ...others } = attributes;
    this.getNode().style.cssText += style;
    return writeAttributes.call(this, others, ns);
  }
  return writeAttributes.call(this, attributes, ns);
};

/** Room for one label under a bar group, in pixels: below that, labels are shown one in two (or three…). */
const labelRoom = 56;
/** Room for one horizontal bar, in pixels. */
const rowHeight = 34;

/**
 * @param {HTMLElement} container
 * @param {{ labels: string[], series: { values: (number | null)[], suppressed: boolean[] }[], horizontal?: boolean }} chart
 * @returns {() => void} detaches the chart (its resize listener)
 */
export function drawBarChart(container, { labels, series, horizontal = false }) {
  const groups = labels.length;
  // Chartist draws the first category of horizontal bars at the bottom: reversed, the chart reads
  // from top to bottom in the order of the table.
  const ordered = horizontal
    ? {
        labels: [...labels].reverse(),
        series: series.map((each) => ({ values: [...each.values].reverse(), suppressed: [...each.suppressed].reverse() })),
      }
    : { labels, series };
  /** The bars' width, and the options that follow from the container's width (redone when it changes). */
  let barWidth = 12;
  const optionsFor = (width) => {
    // Bars as wide as their room allows, labels one in two (or three…) where they would overlap:
    // a year of months side by side still fits a phone's width.
    const room = horizontal ? rowHeight : Math.max(width - 60, 1) / Math.max(groups, 1);
    barWidth = Math.max(3, Math.min(horizontal ? 18 : 14, Math.floor((room * 0.8) / series.length)));
    const every = horizontal ? 1 : Math.max(1, Math.ceil((groups * labelRoom) / Math.max(width - 40, 1)));
    return {
      horizontalBars: horizontal,
      height: horizontal ? `${Math.max(120, groups * rowHeight + 40)}px` : '240px',
      seriesBarDistance: series.length > 1 ? barWidth + 1 : 0,
      chartPadding: { top: 16, right: 16, bottom: 4, left: 4 },
      axisX: horizontal
        ? { onlyInteger: true, labelInterpolationFnc: formatTick }
        : { showGrid: false, labelInterpolationFnc: (label, index) => (index % every === 0 ? label : '') },
      axisY: horizontal
        ? { showGrid: false, offset: Math.min(160, Math.round(width * 0.4)) }
        : { onlyInteger: true, labelInterpolationFnc: formatTick },
    };
  };
  let width = container.clientWidth || 320;
  const chart = new BarChart(
    container,
    {
      labels: ordered.labels,
      series: ordered.series.map((each, index) => ({
        data: each.values,
        className: `ct-series ct-series-${'abcdefgh'[index]}`,
      })),
    },
    optionsFor(width),
  );
  chart.on('draw', (event) => {
    if (event.type === 'bar') event.element.getNode().style.strokeWidth = `${barWidth}px`;
  });
  chart.on('created', (event) => markSuppressed(event, ordered.series, horizontal));
  const resized = new ResizeObserver(() => {
    const now = container.clientWidth;
    if (!now || Math.abs(now - width) < 8) return;
    width = now;
    chart.update(undefined, optionsFor(width));
  });
  resized.observe(container);
  return () => {
    resized.disconnect();
    chart.detach();
  };
}

const ticks = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const formatTick = (value) => ticks.format(Number(value));

/** Writes « s » where a suppressed value would have had its bar, from the chart's own geometry. */
function markSuppressed({ chartRect, axisX, axisY, svg, options }, series, horizontal) {
  const labelAxis = horizontal ? axisY : axisX;
  const valueAxis = horizontal ? axisX : axisY;
  const zero = horizontal ? chartRect.x1 + valueAxis.projectValue(0) : chartRect.y1 - valueAxis.projectValue(0);
  const step = labelAxis.stepLength;
  series.forEach((each, seriesIndex) => {
    const offset = (seriesIndex - (series.length - 1) / 2) * options.seriesBarDistance;
    each.suppressed.forEach((suppressed, index) => {
      if (!suppressed) return;
      const along = step * index + step / 2 + offset;
      const text = suppressedMarker;
      if (horizontal) {
        svg.elem('text', { x: zero + 4, y: chartRect.y1 - along, 'dominant-baseline': 'central' }, 'ct-suppressed').text(text);
      } else {
        const x = chartRect.x1 + along;
        const y = zero - 4;
        // Upright, reading upwards from the axis: it fits beside the neighbouring bar of a group.
        svg
          .elem('text', { x, y, 'dominant-baseline': 'central', transform: `rotate(-90 ${x} ${y})` }, 'ct-suppressed')
          .text(text);
      }
    });
  });
}
