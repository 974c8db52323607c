/**
 * Values of rows read with `raw: true`. Model instances cost more to build than the query takes
 * on the reads every screen pop makes (Sequelize maps each value of each row through its column
 * list); raw rows skip that, and these read the two kinds of value the drivers hand back
 * differently: SQLite stores dates and JSON as text, PostgreSQL's driver parses both.
 */
export const readDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

export const readJson = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));
