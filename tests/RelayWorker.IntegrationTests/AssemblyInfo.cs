// Integration tests run real encoders and servers on a 2-core machine: two lanes at most (TestLanes), each one test
// at a time, keep their timing honest and their failures reproducible.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
