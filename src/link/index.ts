/**
 * The national access point's client of the central Eurodac system (issue 16): HTTP calls the
 * outbox of src/transactions makes through its `CentralLink` port.
 */
export { createCentralClient, type CentralClientOptions } from './create-central-client.js';
