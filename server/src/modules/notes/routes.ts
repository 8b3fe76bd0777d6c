import type { Module } from '../../platform/http';

// Filled as the feature's routes land.
const routes: Module = async () => {};

export default routes;
