stub: 49690 bytes in dockersamples/example-voting-app@63e9150ca17a:result/views/socket.io.js
