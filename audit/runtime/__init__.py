"""Running an audit: settings, the Auditor, local and Dask workers, streaming, and the pipeline that ties them."""
