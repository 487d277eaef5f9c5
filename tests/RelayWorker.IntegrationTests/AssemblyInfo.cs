// Integration tests run real encoders and servers on a 2-core machine: one at a time keeps their
// timing honest and their failures reproducible.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
