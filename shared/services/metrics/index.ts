/** Team KPIs and Erlang C staffing, pure. */
export * from './erlang-c.js';
export * from './kpis.js';
export * from './report.js';
export * from './stats.js';
