// Tables of migration 0009 (reflections).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled when the tables land
export interface ReflectionTables {}
