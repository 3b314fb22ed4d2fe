"""Pure functions from warehouse tables to tables, written in Ibis so they run on any engine Ibis reaches."""
