//# imports
//# setup
//# shared
