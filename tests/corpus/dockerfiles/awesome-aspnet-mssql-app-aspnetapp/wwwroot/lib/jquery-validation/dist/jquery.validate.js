stub: 48676 bytes in docker/awesome-compose@18f59bdb09ec:aspnet-mssql/app/aspnetapp/wwwroot/lib/jquery-validation/dist/jquery.validate.js
