package trial

// defaultAnalyzer is Pipelines{} once the recording pipelines are part of the build.
var defaultAnalyzer Analyzer
