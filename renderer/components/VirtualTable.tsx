import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type CSSProperties, type ReactNode } from 'react';
import './VirtualTable.css';

export interface VirtualColumn<Row> {
  key: string;
  header: string;
  /** a CSS grid track: `6rem`, `minmax(8rem, 1fr)` */
  width: string;
  render: (row: Row) => ReactNode;
}

export interface VisibleRange {
  /** first row index drawn (overscan included) */
  start: number;
  /** one past the last row index drawn */
  end: number;
}

export interface VirtualTableProps<Row> {
  /** the table's accessible name */
  label: string;
  columns: readonly VirtualColumn<Row>[];
  rowCount: number;
  /** fixed row height in px: rows are measured once, not per row, so 100,000 rows cost nothing */
  rowHeight: number;
  /** the row at an index, or undefined while it is being loaded */
  getRow: (index: number) => Row | undefined;
  /** where the user scrolled: load these rows */
  onVisibleRangeChange?: (range: VisibleRange) => void;
  rowClassName?: (row: Row) => string | undefined;
  /** shown when there are no rows */
  empty?: ReactNode;
  /** the scroll area's height */
  height?: string;
  /** a row to keep in view (the keyboard's current cell), scrolled to when it changes */
  scrollToIndex?: number | null;
}

const OVERSCAN = 8;

/**
 * A table that draws only the rows in view (plus a few): the DOM holds a few dozen rows whether
 * the table has ten or a hundred thousand. Rows come from `getRow`, so the caller loads them a
 * window at a time from a worker or IndexedDB. ARIA table semantics with row indices keep it
 * readable by screen readers.
 */
export function VirtualTable<Row>({
  label,
  columns,
  rowCount,
  rowHeight,
  getRow,
  onVisibleRangeChange,
  rowClassName,
  empty,
  height = '60vh',
  scrollToIndex = null,
}: VirtualTableProps<Row>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  const start = items[0]?.index ?? 0;
  const end = items.length > 0 ? items[items.length - 1]!.index + 1 : 0;

  useEffect(() => {
    onVisibleRangeChange?.({ start, end });
  }, [start, end, onVisibleRangeChange]);

  useEffect(() => {
    if (scrollToIndex !== null && scrollToIndex < rowCount) virtualizer.scrollToIndex(scrollToIndex);
  }, [scrollToIndex, rowCount, virtualizer]);

  const grid: CSSProperties = { gridTemplateColumns: columns.map((c) => c.width).join(' ') };

  return (
    <div className="vtable" role="table" aria-label={label} aria-rowcount={rowCount + 1}>
      <div className="vtable-head" role="rowgroup">
        <div className="vtable-row vtable-header-row" role="row" aria-rowindex={1} style={grid}>
          {columns.map((column) => (
            <div key={column.key} className="vtable-cell" role="columnheader">
              {column.header}
            </div>
          ))}
        </div>
      </div>
      <div ref={scrollRef} className="vtable-scroll" style={{ height }} tabIndex={0} role="rowgroup">
        {rowCount === 0 ? (
          <div className="vtable-empty">{empty ?? 'No rows'}</div>
        ) : (
          <div className="vtable-body" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const row = getRow(item.index);
              const className = ['vtable-row', row ? rowClassName?.(row) : 'vtable-row-loading']
                .filter(Boolean)
                .join(' ');
              return (
                <div
                  key={item.key}
                  className={className}
                  role="row"
                  aria-rowindex={item.index + 2}
                  style={{ ...grid, height: rowHeight, transform: `translateY(${item.start}px)` }}
                >
                  {row
                    ? columns.map((column) => (
                        <div key={column.key} className="vtable-cell" role="cell">
                          {column.render(row)}
                        </div>
                      ))
                    : columns.map((column) => (
                        <div key={column.key} className="vtable-cell" role="cell">
                          <span className="vtable-placeholder" aria-hidden="true" />
                        </div>
                      ))}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
