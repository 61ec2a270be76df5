stub: 69707 bytes in docker/awesome-compose@18f59bdb09ec:aspnet-mssql/app/aspnetapp/wwwroot/lib/bootstrap/dist/js/bootstrap.js
