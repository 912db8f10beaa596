module example.com/storemock

go 1.19
