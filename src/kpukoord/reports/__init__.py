"""Reports: the data of the weekly rakor report and of the offices' rollup."""
