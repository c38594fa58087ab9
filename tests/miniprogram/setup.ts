// filled in with the mini-program tests
